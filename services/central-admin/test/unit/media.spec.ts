import { expect } from 'chai';
import { maxMediaBytes } from '@kiosk/contracts';
import { checkMediaBudget, mediaBudgetBytes, uploadedImageType } from '../../src/domain/media.js';

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const statusOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return { status: (err as { status: number }).status, code: (err as { code: string }).code };
  }
};

describe('central-admin: an uploaded image and the budget of all of them', () => {
  it('takes an image by its bytes and refuses by status: empty 400, too large 413, not PNG/JPEG/WebP 415', () => {
    expect(uploadedImageType(png)).to.equal('image/png');
    expect(statusOf(() => uploadedImageType(new Uint8Array()))).to.deep.equal({ status: 400, code: 'image_required' });
    expect(statusOf(() => uploadedImageType(Buffer.concat([png, Buffer.alloc(maxMediaBytes)])))).to.deep.equal({ status: 413, code: 'image_too_large' });
    expect(statusOf(() => uploadedImageType(Buffer.from('<svg onload="alert(1)"/>')))).to.deep.equal({ status: 415, code: 'unsupported_image' });
    expect(statusOf(() => uploadedImageType(Buffer.concat([png, Buffer.alloc(maxMediaBytes - png.length)])))).to.equal(null);
  });

  it('keeps every image together within half of the smallest catalog stream (64 MiB) and says so past it', () => {
    expect(mediaBudgetBytes).to.be.at.most(32 * 1024 ** 2);
    expect(statusOf(() => checkMediaBudget(mediaBudgetBytes - 100, 100))).to.equal(null);
    expect(statusOf(() => checkMediaBudget(mediaBudgetBytes - 100, 101))).to.deep.equal({ status: 413, code: 'media_budget_exceeded' });
  });
});

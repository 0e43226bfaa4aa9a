import type { CounterMessages } from './counter-en.ts';

/** Pesan layar kasir dalam Bahasa Indonesia. */
export const counterId: CounterMessages = {
  title: 'Kasir',
  pair: { title: 'Pasangkan kasir ini', hint: 'Staf memasukkan PIN staf sekali; kasir tetap terpasang.', name: 'Nama kasir', defaultName: 'Kasir 1', pin: 'PIN staf', submit: 'Pasangkan', invalidPin: 'PIN salah', failed: 'Gagal memasangkan: {message}' },
  tabs: { awaiting: 'Belum bayar', paid: 'Lunas', drawer: 'Laci & tutup hari' },
  search: { placeholder: 'Nomor pesanan atau nama', scan: 'Pindai QR', stopScan: 'Berhenti', noCamera: 'Pemindai kamera tidak tersedia: ketik nomor dari layar pelanggan' },
  list: { empty: 'Tidak ada pesanan', due: 'Tagihan', paid: 'Dibayar', refundable: 'Bisa dikembalikan' },
  settle: {
    title: 'Pesanan {number}', cash: 'Tunai', qris: 'QRIS', card: 'Kartu', due: 'Jumlah tagihan', rounded: 'Tunai, dibulatkan', tendered: 'Uang diterima',
    change: 'Kembalian', short: 'Kurang', confirmCash: 'Terima tunai', confirmQris: 'Pelanggan sudah bayar dengan QRIS', confirmCard: 'Kartu disetujui di terminal',
    reference: 'Nomor struk atau referensi (opsional)', noQris: 'Toko ini belum punya kode QRIS', done: 'Lunas: beri kembalian {change}', doneExact: 'Lunas', close: 'Tutup',
  },
  reverse: { void: 'Batalkan', refund: 'Kembalikan dana', reason: 'Alasan', managerPin: 'PIN manajer', whole: 'Seluruh pesanan', confirm: 'Konfirmasi {kind}', wrongPin: 'PIN manajer salah' },
  drawer: {
    closed: 'Laci kas tertutup', float: 'Modal awal', open: 'Buka laci', expected: 'Kas seharusnya', cashSales: 'Penjualan tunai', cashRefunds: 'Pengembalian tunai',
    cashIn: 'Kas masuk', cashOut: 'Kas keluar', amount: 'Jumlah', reason: 'Alasan', add: 'Catat', counted: 'Kas dihitung', close: 'Tutup laci',
    overShort: 'Lebih / kurang', closeDay: 'Tutup hari usaha', zReport: 'Laporan Z', print: 'Cetak', unpaid: 'Belum bayar saat tutup: {numbers}',
  },
  errors: { generic: '{message}', offline: 'Server toko tidak dapat dihubungi' },
};

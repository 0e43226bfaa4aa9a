ALTER TABLE "central"."receipt_marks" ADD COLUMN "orders_committed" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill: the orders each store's sales stream has committed so far (the count receipts used to take).
UPDATE "central"."receipt_marks" m SET "orders_committed" = (SELECT count(*) FROM "central"."orders" o WHERE o."store_id" = m."store_id") WHERE m."stream" LIKE 'SALES\_%';

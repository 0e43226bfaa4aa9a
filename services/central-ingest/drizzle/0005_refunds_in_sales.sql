ALTER TABLE "central"."sales_hourly" ADD COLUMN "refunds" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "central"."sales_hourly" ADD COLUMN "refunds_amount" bigint DEFAULT 0 NOT NULL;
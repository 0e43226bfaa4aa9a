CREATE TABLE "kitchen"."closed_days" (
	"business_day" text PRIMARY KEY NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"tickets_closed_out" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kitchen"."order_payments" (
	"global_id" uuid PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"paid_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kitchen"."tickets" ADD COLUMN "paid" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Tickets from before the paid mark were cooked on order: keep them on the rail whatever the mode.
UPDATE "kitchen"."tickets" SET "paid" = true;
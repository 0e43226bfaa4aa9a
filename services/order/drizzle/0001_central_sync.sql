CREATE TABLE "orders"."decisions" (
	"event_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"global_id" uuid,
	"reason" text NOT NULL,
	"details" jsonb NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."reviews" (
	"review_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"summary" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"requested_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."sync_receipts" (
	"stream" text PRIMARY KEY NOT NULL,
	"committed_seq" bigint NOT NULL,
	"committed_at" timestamp with time zone NOT NULL,
	"orders_committed" bigint NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders"."orders" ADD COLUMN "central_order_number" text;--> statement-breakpoint
ALTER TABLE "orders"."orders" ADD COLUMN "price_override" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."outbox" ADD COLUMN "published_seq" bigint;--> statement-breakpoint
CREATE INDEX "outbox_correlation_idx" ON "orders"."outbox" USING btree ("correlation_id");
-- IF NOT EXISTS: the migrator creates the schema first, to hold its journal.
CREATE SCHEMA IF NOT EXISTS "orders";
--> statement-breakpoint
CREATE TABLE "orders"."order_lines" (
	"global_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" text NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	"options" jsonb NOT NULL,
	"notes" text,
	"station" text NOT NULL,
	"line_total" bigint NOT NULL,
	CONSTRAINT "order_lines_global_id_line_no_pk" PRIMARY KEY("global_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "orders"."orders" (
	"global_id" uuid PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"kiosk_id" text NOT NULL,
	"business_day" date NOT NULL,
	"day_sequence" integer NOT NULL,
	"order_number" text NOT NULL,
	"status" text NOT NULL,
	"mode" text NOT NULL,
	"customer_name" text,
	"notes" text,
	"currency" text NOT NULL,
	"subtotal" bigint NOT NULL,
	"service_charge" bigint NOT NULL,
	"tax" bigint NOT NULL,
	"total" bigint NOT NULL,
	"catalog_version" bigint NOT NULL,
	"request_hash" text NOT NULL,
	"view" json NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sync_status" text DEFAULT 'pending' NOT NULL,
	"synced_at" timestamp with time zone,
	"sync_error" text,
	"sync_attempts" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"origin_store_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" "bytea" NOT NULL,
	"correlation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "orders"."payments" (
	"payment_id" uuid PRIMARY KEY NOT NULL,
	"global_id" uuid NOT NULL,
	"method" text NOT NULL,
	"status" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"reference" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_global_id_unique" UNIQUE("global_id")
);
--> statement-breakpoint
ALTER TABLE "orders"."order_lines" ADD CONSTRAINT "order_lines_global_id_orders_global_id_fk" FOREIGN KEY ("global_id") REFERENCES "orders"."orders"("global_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."payments" ADD CONSTRAINT "payments_global_id_orders_global_id_fk" FOREIGN KEY ("global_id") REFERENCES "orders"."orders"("global_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_day_number_uq" ON "orders"."orders" USING btree ("business_day","order_number");--> statement-breakpoint
CREATE INDEX "orders_sync_pending_idx" ON "orders"."orders" USING btree ("created_at") WHERE sync_status = 'pending';--> statement-breakpoint
CREATE INDEX "orders_synced_at_idx" ON "orders"."orders" USING btree ("synced_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "orders"."outbox" USING btree ("id") WHERE published_at IS NULL;
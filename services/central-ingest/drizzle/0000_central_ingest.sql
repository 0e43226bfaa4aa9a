CREATE SCHEMA "central";
--> statement-breakpoint
CREATE TABLE "central"."conflicts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"store_id" text NOT NULL,
	"global_id" uuid,
	"business_day" text,
	"resolution" text NOT NULL,
	"review_status" text NOT NULL,
	"details" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central"."heartbeats" (
	"store_id" text PRIMARY KEY NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"link_up" boolean NOT NULL,
	"pending_upload" bigint NOT NULL,
	"last_sync_at" text,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central"."kitchen_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"global_id" text NOT NULL,
	"order_number" text NOT NULL,
	"status" text NOT NULL,
	"previous_status" text NOT NULL,
	"version" bigint NOT NULL,
	"action" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central"."order_lines" (
	"global_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" text NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	"options" jsonb NOT NULL,
	"line_total" bigint NOT NULL,
	CONSTRAINT "order_lines_global_id_line_no_pk" PRIMARY KEY("global_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "central"."orders" (
	"global_id" uuid PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"event_id" text NOT NULL,
	"kiosk_id" text NOT NULL,
	"order_number" text NOT NULL,
	"display_number" text NOT NULL,
	"business_day" text NOT NULL,
	"day_sequence" bigint NOT NULL,
	"mode" text NOT NULL,
	"customer_name" text,
	"notes" text,
	"currency" text NOT NULL,
	"subtotal" bigint NOT NULL,
	"tax" bigint NOT NULL,
	"service_charge" bigint NOT NULL,
	"total" bigint NOT NULL,
	"catalog_version" bigint NOT NULL,
	"price_override" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"store_seq" bigint
);
--> statement-breakpoint
CREATE TABLE "central"."outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"subject" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" "bytea" NOT NULL,
	"correlation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "central"."payments" (
	"global_id" uuid NOT NULL,
	"payment_id" text NOT NULL,
	"status" text NOT NULL,
	"method" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"reference" text,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_global_id_payment_id_status_pk" PRIMARY KEY("global_id","payment_id","status")
);
--> statement-breakpoint
CREATE TABLE "central"."receipt_marks" (
	"store_id" text NOT NULL,
	"stream" text NOT NULL,
	"committed_seq" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receipt_marks_store_id_stream_pk" PRIMARY KEY("store_id","stream")
);
--> statement-breakpoint
CREATE TABLE "central"."stream_seqs" (
	"store_id" text NOT NULL,
	"stream" text NOT NULL,
	"store_seq" bigint NOT NULL,
	CONSTRAINT "stream_seqs_store_id_stream_store_seq_pk" PRIMARY KEY("store_id","stream","store_seq")
);
--> statement-breakpoint
CREATE INDEX "conflicts_kind_idx" ON "central"."conflicts" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "conflicts_global_idx" ON "central"."conflicts" USING btree ("global_id");--> statement-breakpoint
CREATE INDEX "kitchen_events_global_idx" ON "central"."kitchen_events" USING btree ("global_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_day_number_key" ON "central"."orders" USING btree ("business_day","display_number");--> statement-breakpoint
CREATE INDEX "orders_store_day_idx" ON "central"."orders" USING btree ("store_id","business_day");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "central"."outbox" USING btree ("id") WHERE published_at IS NULL;
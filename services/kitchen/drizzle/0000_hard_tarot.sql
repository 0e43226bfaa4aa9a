-- IF NOT EXISTS: the migrator creates the schema first, to hold its journal.
CREATE SCHEMA IF NOT EXISTS "kitchen";
--> statement-breakpoint
CREATE TABLE "kitchen"."devices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"paired_from" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kitchen"."outbox" (
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
CREATE TABLE "kitchen"."ticket_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"line_index" smallint,
	"line_done" boolean,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kitchen"."tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"global_id" uuid NOT NULL,
	"order_number" text NOT NULL,
	"business_day" text NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"mode" text NOT NULL,
	"customer_name" text,
	"notes" text,
	"lines" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"ready_at" timestamp with time zone,
	"served_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "kitchen"."ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "kitchen"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_token_hash_key" ON "kitchen"."devices" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "kitchen"."outbox" USING btree ("id") WHERE "kitchen"."outbox"."published_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_events_ticket_version_key" ON "kitchen"."ticket_events" USING btree ("ticket_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_global_id_key" ON "kitchen"."tickets" USING btree ("global_id");--> statement-breakpoint
CREATE INDEX "tickets_status_idx" ON "kitchen"."tickets" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "tickets_business_day_idx" ON "kitchen"."tickets" USING btree ("business_day");--> statement-breakpoint
CREATE INDEX "tickets_updated_at_idx" ON "kitchen"."tickets" USING btree ("updated_at");
CREATE TABLE "central"."payment_reversals" (
	"event_id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"global_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"method" text NOT NULL,
	"lines" jsonb NOT NULL,
	"reason" text NOT NULL,
	"approved_by" text NOT NULL,
	"requested_by" text NOT NULL,
	"business_day" text NOT NULL,
	"reversed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central"."z_reports" (
	"store_id" text NOT NULL,
	"business_day" text NOT NULL,
	"event_id" text NOT NULL,
	"report" jsonb NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "z_reports_store_id_business_day_pk" PRIMARY KEY("store_id","business_day")
);
--> statement-breakpoint
CREATE INDEX "payment_reversals_global_idx" ON "central"."payment_reversals" USING btree ("global_id");
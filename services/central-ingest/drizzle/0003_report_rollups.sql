CREATE TABLE "central"."awaiting_payment" (
	"global_id" uuid PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"business_day" text NOT NULL,
	"order_number" text NOT NULL,
	"total" bigint NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central"."payment_daily" (
	"store_id" text NOT NULL,
	"business_day" text NOT NULL,
	"method" text NOT NULL,
	"status" text NOT NULL,
	"count" bigint NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "payment_daily_business_day_store_id_method_status_pk" PRIMARY KEY("business_day","store_id","method","status")
);
--> statement-breakpoint
CREATE TABLE "central"."product_daily" (
	"store_id" text NOT NULL,
	"business_day" text NOT NULL,
	"product_id" text NOT NULL,
	"name" text NOT NULL,
	"quantity" bigint NOT NULL,
	"revenue" bigint NOT NULL,
	CONSTRAINT "product_daily_business_day_store_id_product_id_pk" PRIMARY KEY("business_day","store_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "central"."sales_hourly" (
	"store_id" text NOT NULL,
	"business_day" text NOT NULL,
	"hour" integer NOT NULL,
	"currency" text NOT NULL,
	"orders" bigint NOT NULL,
	"gross" bigint NOT NULL,
	"tax" bigint NOT NULL,
	"service_charge" bigint NOT NULL,
	"net" bigint NOT NULL,
	CONSTRAINT "sales_hourly_business_day_store_id_hour_currency_pk" PRIMARY KEY("business_day","store_id","hour","currency")
);
--> statement-breakpoint
CREATE TABLE "central"."ticket_prep" (
	"store_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"business_day" text,
	"started_at" timestamp with time zone,
	"ready_at" timestamp with time zone,
	"prep_seconds" integer,
	CONSTRAINT "ticket_prep_store_id_ticket_id_pk" PRIMARY KEY("store_id","ticket_id")
);
--> statement-breakpoint
CREATE INDEX "awaiting_payment_day_idx" ON "central"."awaiting_payment" USING btree ("business_day","store_id");--> statement-breakpoint
CREATE INDEX "ticket_prep_day_idx" ON "central"."ticket_prep" USING btree ("business_day","store_id","prep_seconds");
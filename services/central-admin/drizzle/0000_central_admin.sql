CREATE SCHEMA "central_admin";
--> statement-breakpoint
CREATE TABLE "central_admin"."catalog_clock" (
	"id" smallint PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central_admin"."categories" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer NOT NULL,
	"image_url" text NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central_admin"."outbox" (
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
CREATE TABLE "central_admin"."price_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"price" bigint NOT NULL,
	"version" bigint NOT NULL,
	"effective_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central_admin"."products" (
	"id" text PRIMARY KEY NOT NULL,
	"category_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"image_url" text NOT NULL,
	"price" bigint NOT NULL,
	"available" boolean NOT NULL,
	"station" text NOT NULL,
	"sort_order" integer NOT NULL,
	"option_groups" jsonb NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central_admin"."store_settings" (
	"store_id" text PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "central_admin"."outbox" USING btree ("id") WHERE published_at IS NULL;--> statement-breakpoint
CREATE INDEX "price_history_product_idx" ON "central_admin"."price_history" USING btree ("product_id","effective_at");
-- IF NOT EXISTS: the kit keeps the migration journal in this same schema, so drizzle has created it already.
CREATE SCHEMA IF NOT EXISTS "catalog";
--> statement-breakpoint
CREATE TABLE "catalog"."availability" (
	"product_id" text NOT NULL,
	"option_id" text NOT NULL,
	"available" boolean NOT NULL,
	CONSTRAINT "availability_product_id_option_id_pk" PRIMARY KEY("product_id","option_id")
);
--> statement-breakpoint
CREATE TABLE "catalog"."catalog_version" (
	"id" smallint PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."categories" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer NOT NULL,
	"image_url" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."entity_clocks" (
	"entity_key" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" text NOT NULL,
	"origin" text NOT NULL,
	"event_id" text NOT NULL,
	"deleted" boolean NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."option_groups" (
	"product_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"min" integer NOT NULL,
	"max" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "option_groups_product_id_id_pk" PRIMARY KEY("product_id","id")
);
--> statement-breakpoint
CREATE TABLE "catalog"."options" (
	"product_id" text NOT NULL,
	"group_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"price_delta" bigint NOT NULL,
	"available" boolean NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "options_product_id_id_pk" PRIMARY KEY("product_id","id")
);
--> statement-breakpoint
CREATE TABLE "catalog"."products" (
	"id" text PRIMARY KEY NOT NULL,
	"category_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"image_url" text NOT NULL,
	"price" bigint NOT NULL,
	"available" boolean NOT NULL,
	"station" text NOT NULL,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."store_settings" (
	"store_id" text PRIMARY KEY NOT NULL,
	"store_name" text NOT NULL,
	"currency" text NOT NULL,
	"tax_rate_bps" integer NOT NULL,
	"service_charge_bps" integer NOT NULL,
	"locale" text NOT NULL,
	"time_zone" text NOT NULL
);

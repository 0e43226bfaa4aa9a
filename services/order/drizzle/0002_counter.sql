CREATE TABLE "orders"."day_closes" (
	"business_day" date PRIMARY KEY NOT NULL,
	"report" json NOT NULL,
	"closed_by" text NOT NULL,
	"closed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."drawer_movements" (
	"movement_id" uuid PRIMARY KEY NOT NULL,
	"shift_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"amount" bigint NOT NULL,
	"reason" text NOT NULL,
	"moved_by" text NOT NULL,
	"moved_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."drawer_shifts" (
	"shift_id" uuid PRIMARY KEY NOT NULL,
	"business_day" date NOT NULL,
	"status" text NOT NULL,
	"float" bigint NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"expected" bigint,
	"counted" bigint,
	"closed_by" text,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "orders"."reversals" (
	"reversal_id" uuid PRIMARY KEY NOT NULL,
	"global_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"lines" jsonb NOT NULL,
	"reason" text NOT NULL,
	"method" text,
	"shift_id" uuid,
	"approved_by" text NOT NULL,
	"requested_by" text NOT NULL,
	"business_day" date NOT NULL,
	"request_hash" text NOT NULL,
	"answer" json NOT NULL,
	"reversed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."settlements" (
	"settlement_id" uuid PRIMARY KEY NOT NULL,
	"global_id" uuid NOT NULL,
	"method" text NOT NULL,
	"amount_due" bigint NOT NULL,
	"rounding" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"tendered" bigint NOT NULL,
	"change_due" bigint NOT NULL,
	"reference" text,
	"shift_id" uuid,
	"business_day" date NOT NULL,
	"settled_by" text NOT NULL,
	"request_hash" text NOT NULL,
	"answer" json NOT NULL,
	"settled_at" timestamp with time zone NOT NULL,
	CONSTRAINT "settlements_global_id_unique" UNIQUE("global_id")
);
--> statement-breakpoint
ALTER TABLE "orders"."drawer_movements" ADD CONSTRAINT "drawer_movements_shift_id_drawer_shifts_shift_id_fk" FOREIGN KEY ("shift_id") REFERENCES "orders"."drawer_shifts"("shift_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."reversals" ADD CONSTRAINT "reversals_global_id_orders_global_id_fk" FOREIGN KEY ("global_id") REFERENCES "orders"."orders"("global_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."settlements" ADD CONSTRAINT "settlements_global_id_orders_global_id_fk" FOREIGN KEY ("global_id") REFERENCES "orders"."orders"("global_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "drawer_movements_shift_idx" ON "orders"."drawer_movements" USING btree ("shift_id");--> statement-breakpoint
CREATE UNIQUE INDEX "drawer_one_open_uq" ON "orders"."drawer_shifts" USING btree ("status") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "drawer_day_idx" ON "orders"."drawer_shifts" USING btree ("business_day");--> statement-breakpoint
CREATE INDEX "reversals_order_idx" ON "orders"."reversals" USING btree ("global_id");--> statement-breakpoint
CREATE INDEX "reversals_day_idx" ON "orders"."reversals" USING btree ("business_day");
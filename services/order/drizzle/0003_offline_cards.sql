CREATE TABLE "orders"."offline_card_payments" (
	"payment_id" uuid PRIMARY KEY NOT NULL,
	"global_id" uuid NOT NULL,
	"terminal_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"offline_reference" text NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"acquirer_reference" text,
	"decline_reason" text,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "orders"."offline_card_payments" ADD CONSTRAINT "offline_card_payments_payment_id_payments_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "orders"."payments"("payment_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offline_card_pending_idx" ON "orders"."offline_card_payments" USING btree ("status","approved_at");
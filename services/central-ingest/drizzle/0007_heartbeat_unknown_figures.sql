ALTER TABLE "central"."heartbeats" ALTER COLUMN "link_up" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "central"."heartbeats" ALTER COLUMN "pending_upload" DROP NOT NULL;
-- Paired displays move to the shared staff schema (applied just before this, see index.ts), with 30 days to run.
INSERT INTO "staff"."devices" ("id", "name", "role", "token_hash", "paired_from", "created_at", "expires_at")
SELECT "id", "name", "role", "token_hash", "paired_from", "created_at", now() + interval '30 days' FROM "kitchen"."devices"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
DROP TABLE "kitchen"."devices" CASCADE;

-- The ticket log is append-only (DESIGN.md: kitchen logs are immutable after creation). A trigger makes that a
-- property of the database rather than a habit of the code: UPDATE and DELETE on it fail.
CREATE FUNCTION "kitchen"."ticket_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'kitchen.ticket_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "ticket_events_append_only" BEFORE UPDATE OR DELETE ON "kitchen"."ticket_events"
  FOR EACH ROW EXECUTE FUNCTION "kitchen"."ticket_events_append_only"();

-- The ticket log stays append-only for the code that cooks: UPDATE always fails, and DELETE fails unless the
-- transaction says it is retention (SET LOCAL kiosk.retention = 'on'), which deletes a ticket's log only with
-- the ticket, once its order is old and confirmed by central.
CREATE OR REPLACE FUNCTION "kitchen"."ticket_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('kiosk.retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'kitchen.ticket_events is append-only';
END;
$$;

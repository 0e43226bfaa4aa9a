CREATE TABLE "central"."prep_histogram" (
	"business_day" text NOT NULL,
	"store_id" text NOT NULL,
	"within_seconds" integer NOT NULL,
	"tickets" bigint NOT NULL,
	CONSTRAINT "prep_histogram_business_day_store_id_within_seconds_pk" PRIMARY KEY("business_day","store_id","within_seconds")
);
--> statement-breakpoint
CREATE FUNCTION "central"."prep_within_seconds"(s integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN s < 120 THEN (s / 5 + 1) * 5 WHEN s < 600 THEN (s / 15 + 1) * 15 WHEN s < 3600 THEN (s / 60 + 1) * 60 ELSE (s / 3600 + 1) * 3600 END
$$;--> statement-breakpoint
CREATE FUNCTION "central"."ticket_prep_to_histogram"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.business_day IS NOT DISTINCT FROM NEW.business_day AND OLD.prep_seconds IS NOT DISTINCT FROM NEW.prep_seconds THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.business_day IS NOT NULL AND OLD.prep_seconds IS NOT NULL THEN
    UPDATE central.prep_histogram SET tickets = tickets - 1
     WHERE business_day = OLD.business_day AND store_id = OLD.store_id AND within_seconds = central.prep_within_seconds(OLD.prep_seconds);
  END IF;
  IF NEW.business_day IS NOT NULL AND NEW.prep_seconds IS NOT NULL THEN
    INSERT INTO central.prep_histogram (business_day, store_id, within_seconds, tickets)
    VALUES (NEW.business_day, NEW.store_id, central.prep_within_seconds(NEW.prep_seconds), 1)
    ON CONFLICT (business_day, store_id, within_seconds) DO UPDATE SET tickets = prep_histogram.tickets + 1;
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "ticket_prep_histogram" AFTER INSERT OR UPDATE OF business_day, prep_seconds ON "central"."ticket_prep"
  FOR EACH ROW EXECUTE FUNCTION "central"."ticket_prep_to_histogram"();--> statement-breakpoint
INSERT INTO "central"."prep_histogram" (business_day, store_id, within_seconds, tickets)
SELECT business_day, store_id, central.prep_within_seconds(prep_seconds), count(*) FROM "central"."ticket_prep"
 WHERE business_day IS NOT NULL AND prep_seconds IS NOT NULL GROUP BY 1, 2, 3;

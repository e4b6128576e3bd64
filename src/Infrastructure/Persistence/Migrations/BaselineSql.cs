namespace MakCrm.Infrastructure.Persistence.Migrations;

/// <summary>
/// The database objects of the baseline migration that the EF model does not describe, as the migrations before the
/// baseline left them (ADR 0035): each table's append-only guard, the notifications that tell every instance of a
/// change (standings, events, live streams), the events' sequence and the feed's horizon, the display-name function
/// the raw SQL shares with the model, and column and constraint settings.
/// </summary>
internal static class BaselineSql
{
    public const string Objects = """
        CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
            FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

        CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'ledger_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
            FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

        CREATE FUNCTION commission_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'commission_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER commission_entries_append_only BEFORE UPDATE OR DELETE ON commission_entries
            FOR EACH ROW EXECUTE FUNCTION commission_entries_append_only();

        CREATE FUNCTION points_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'points_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER points_entries_append_only BEFORE UPDATE OR DELETE ON points_entries
            FOR EACH ROW EXECUTE FUNCTION points_entries_append_only();

        CREATE FUNCTION notify_user_standing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('mak_user_standing', '');
            RETURN NULL;
        END $$;
        CREATE TRIGGER users_standing_changed AFTER UPDATE ON users FOR EACH ROW
            WHEN (OLD.is_disabled IS DISTINCT FROM NEW.is_disabled OR OLD.organization_id IS DISTINCT FROM NEW.organization_id
                  OR OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.email IS DISTINCT FROM NEW.email)
            EXECUTE FUNCTION notify_user_standing_changed();
        CREATE TRIGGER users_standing_removed AFTER DELETE OR TRUNCATE ON users
            FOR EACH STATEMENT EXECUTE FUNCTION notify_user_standing_changed();
        CREATE TRIGGER organizations_standing_changed AFTER UPDATE ON organizations FOR EACH ROW
            WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
            EXECUTE FUNCTION notify_user_standing_changed();
        CREATE TRIGGER organizations_standing_removed AFTER DELETE OR TRUNCATE ON organizations
            FOR EACH STATEMENT EXECUTE FUNCTION notify_user_standing_changed();
        CREATE TRIGGER refresh_tokens_standing_changed AFTER UPDATE ON refresh_tokens FOR EACH ROW
            WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
            EXECUTE FUNCTION notify_user_standing_changed();
        CREATE TRIGGER user_roles_standing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
            FOR EACH STATEMENT EXECUTE FUNCTION notify_user_standing_changed();

        CREATE FUNCTION notify_events_raised() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM raised) THEN
                PERFORM pg_notify('mak_events_raised', '');
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER events_raised AFTER INSERT ON events REFERENCING NEW TABLE AS raised
            FOR EACH STATEMENT EXECUTE FUNCTION notify_events_raised();
        CREATE SEQUENCE event_sequence AS bigint;
        CREATE TABLE event_horizon (id int PRIMARY KEY CHECK (id = 1), purged_through bigint NOT NULL);

        CREATE FUNCTION notify_stream_notification() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('mak_stream_notifications', NEW.recipient_user_id::text || ',' || NEW.id::text);
            RETURN NULL;
        END $$;
        CREATE TRIGGER notifications_stream AFTER INSERT ON notifications
            FOR EACH ROW EXECUTE FUNCTION notify_stream_notification();
        CREATE FUNCTION notify_stream_bids() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('mak_stream_bids', string_agg(DISTINCT lot_id::text, ',')) FROM new_bids HAVING count(*) > 0;
            RETURN NULL;
        END $$;
        CREATE TRIGGER bids_stream AFTER INSERT ON bids
            REFERENCING NEW TABLE AS new_bids
            FOR EACH STATEMENT EXECUTE FUNCTION notify_stream_bids();

        CREATE FUNCTION user_display_name(full_name text, email text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT CASE WHEN full_name <> '' THEN full_name ELSE coalesce(email, '') END $$;

        ALTER TABLE knowledge_articles ALTER COLUMN search_vector SET STORAGE MAIN;
        ALTER TABLE knowledge_faq_entries ALTER COLUMN search_vector SET STORAGE MAIN;
        ALTER TABLE import_file_chunks ALTER CONSTRAINT fk_import_file_chunks_import_operations_operation_id DEFERRABLE INITIALLY DEFERRED;

        -- Defaults the columns got when they were added to tables with rows; every writer sets them, and they are kept
        -- so that a database made from the baseline is the one the migrations before it made.
        ALTER TABLE clients ALTER COLUMN tags SET DEFAULT ARRAY[]::text[];
        ALTER TABLE deals ALTER COLUMN loan_fee_revision SET DEFAULT 0, ALTER COLUMN loan_issue_no SET DEFAULT 0;
        ALTER TABLE lead_statuses ALTER COLUMN allowed_roles SET DEFAULT ARRAY[]::text[], ALTER COLUMN initial SET DEFAULT false;
        ALTER TABLE refresh_tokens ALTER COLUMN authenticated_at SET DEFAULT '-infinity';
        """;

    /// <summary>What <see cref="Objects"/> made and dropping the tables leaves behind.</summary>
    public const string DropObjects = """
        DROP TABLE event_horizon;
        DROP SEQUENCE event_sequence;
        DROP FUNCTION audit_events_append_only, ledger_entries_append_only, commission_entries_append_only,
            points_entries_append_only, notify_user_standing_changed, notify_events_raised, notify_stream_notification,
            notify_stream_bids, user_display_name CASCADE;
        """;
}

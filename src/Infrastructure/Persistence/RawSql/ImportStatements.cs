using MakCrm.Domain.Imports;

namespace MakCrm.Infrastructure.Persistence.RawSql;

/// <summary>
/// The import runner's statements (<c>Imports/ImportRunner</c>), on its own connection: the claim under a lease, the
/// stored file, each batch's rejected rows and progress under that lease, and the end of the run.
/// </summary>
internal static class ImportStatements
{
    private static readonly string Queued = EnumLiterals.Of(ImportStatus.Queued);
    private static readonly string Running = EnumLiterals.Of(ImportStatus.Running);

    /// <summary>The oldest due operation, queued or with an expired lease, claimed under a new lease.</summary>
    public static readonly string Claim = $"""
        UPDATE import_operations
        SET status = {Running}, lease_owner = $1, lease_expires_at = $2, started_at = COALESCE(started_at, $3),
            attempts = attempts + 1, updated_at = $3
        WHERE id = (SELECT id FROM import_operations
                    WHERE status = {Queued} OR (status = {Running} AND lease_expires_at < $3)
                    ORDER BY created_at, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
        RETURNING id, organization_id, created_by_user_id, created_by_client_id, kind, file_format, default_source,
                  last_committed_row, attempts,
                  ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                        WHERE ur.user_id = import_operations.created_by_user_id),
                  (SELECT o.kind FROM organizations o WHERE o.id = import_operations.organization_id)
        """;

    /// <summary>The stored file's chunks, in order.</summary>
    public const string ReadFile = "SELECT data FROM import_file_chunks WHERE operation_id = $1 ORDER BY sequence";

    /// <summary>The header's columns, as read.</summary>
    public const string SaveColumns = "UPDATE import_operations SET columns = $2 WHERE id = $1";

    /// <summary>The batch's statements planned for their parameters, in its transaction only.</summary>
    public const string UseCustomPlans = "SET LOCAL plan_cache_mode = force_custom_plan";

    /// <summary>A batch's rejected rows: the cells as read, joined by the unit separator, and the reason.</summary>
    public const string InsertRejectedRows = """
        INSERT INTO import_rejected_rows (operation_id, row_number, cells, reason)
        SELECT $1, u.row_number, CASE WHEN u.cells = '' THEN '{}'::text[] ELSE string_to_array(u.cells, chr(31)) END,
               u.reason
        FROM unnest($2::bigint[], $3::text[], $4::text[]) AS u(row_number, cells, reason)
        """;

    /// <summary>A committed batch's counts and position, while this runner still holds the lease.</summary>
    public static readonly string Progress = $"""
        UPDATE import_operations
        SET rows_read = rows_read + $3, created = created + $4, duplicates = duplicates + $5, rejected = rejected + $6,
            last_committed_row = $7, lease_expires_at = $8, updated_at = $9
        WHERE id = $1 AND lease_owner = $2 AND status = {Running}
        """;

    /// <summary>The end of the run, while this runner holds the lease: its status and counts.</summary>
    public const string Finish = """
        UPDATE import_operations
        SET status = $3, failure_code = $4, failure_detail = $5, finished_at = $6, updated_at = $6, lease_owner = NULL,
            lease_expires_at = NULL
        WHERE id = $1 AND lease_owner = $2
        RETURNING rows_read, created, duplicates, rejected
        """;

    /// <summary>
    /// The lease given back by a runner that stops (the instance shuts down): expired now, so that another instance
    /// resumes the operation after its last committed row at its next poll; the run was not a failed attempt.
    /// </summary>
    public static readonly string GiveBack = $"""
        UPDATE import_operations SET lease_expires_at = $3, attempts = attempts - 1, updated_at = $3
        WHERE id = $1 AND lease_owner = $2 AND status = {Running}
        """;

    /// <summary>The stored file, dropped when the run ends.</summary>
    public const string DropFile = "DELETE FROM import_file_chunks WHERE operation_id = $1";
}

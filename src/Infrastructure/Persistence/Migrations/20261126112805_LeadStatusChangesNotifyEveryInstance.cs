using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LeadStatusChangesNotifyEveryInstance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every instance remembers the live statuses' codes while it hears their changes (LeadStatusCodes).
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_lead_statuses_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('mak_lead_statuses', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER lead_statuses_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_statuses
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_lead_statuses_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION notify_lead_statuses_changed CASCADE;");
        }
    }
}

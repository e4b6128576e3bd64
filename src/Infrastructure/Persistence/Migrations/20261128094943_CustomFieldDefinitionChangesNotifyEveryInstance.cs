using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CustomFieldDefinitionChangesNotifyEveryInstance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every instance remembers the definitions while it hears their changes (CustomFieldDefinitionCache).
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_custom_field_definitions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('mak_custom_field_definitions', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER custom_field_definitions_changed
                    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON custom_field_definitions
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_custom_field_definitions_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION notify_custom_field_definitions_changed CASCADE;");
        }
    }
}

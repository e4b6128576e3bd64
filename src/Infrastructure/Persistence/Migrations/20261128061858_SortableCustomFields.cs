using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SortableCustomFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "sortable",
                table: "custom_field_definitions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // A custom field's value for the lists' sorts and bounds and the sortable fields' indexes: JSON null when
            // the record has none, so that every row has a key to order by. Immutable, so an index may use it; a
            // SQL-standard body, parsed once here, so that it reads the same whatever the search path.
            migrationBuilder.Sql(
                """
                CREATE OR REPLACE FUNCTION custom_field_value(custom_fields jsonb, key text) RETURNS jsonb
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN COALESCE(custom_fields -> key, 'null'::jsonb);
                """
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The sortable fields' indexes go with the function.
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS custom_field_value(jsonb, text) CASCADE;");
            migrationBuilder.DropColumn(
                name: "sortable",
                table: "custom_field_definitions");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class UserRoleChangesNotifyEveryInstance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A user's roles decide the permissions of every token of the user (UserStandings reads them), so a change
            // of roles notifies the API instances like the other changes that can take access away.
            migrationBuilder.Sql("""
                CREATE TRIGGER user_roles_standing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_user_standing_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS user_roles_standing_changed ON user_roles;");
        }
    }
}

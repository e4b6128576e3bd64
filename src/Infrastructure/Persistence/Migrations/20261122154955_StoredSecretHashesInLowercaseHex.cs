using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StoredSecretHashesInLowercaseHex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every random secret is stored as one SHA-256 in lowercase hex (SecretHash); these were uppercase.
            migrationBuilder.Sql("UPDATE api_clients SET secret_hash = lower(secret_hash) WHERE secret_hash <> lower(secret_hash);");
            migrationBuilder.Sql("UPDATE refresh_tokens SET token_hash = lower(token_hash) WHERE token_hash <> lower(token_hash);");
            migrationBuilder.Sql("UPDATE mfa_tokens SET token_hash = lower(token_hash) WHERE token_hash <> lower(token_hash);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE api_clients SET secret_hash = upper(secret_hash) WHERE secret_hash <> upper(secret_hash);");
            migrationBuilder.Sql("UPDATE refresh_tokens SET token_hash = upper(token_hash) WHERE token_hash <> upper(token_hash);");
            migrationBuilder.Sql("UPDATE mfa_tokens SET token_hash = upper(token_hash) WHERE token_hash <> upper(token_hash);");
        }
    }
}

using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// Npgsql's migration SQL, with every migration's first statements bounding how long it may wait for a lock and run:
/// a migration that waits behind a long transaction of a running instance fails after <see cref="LockTimeout"/>
/// instead of queueing every request of the old instances behind it (PostgreSQL queues later lock requests behind a
/// waiting ACCESS EXCLUSIVE), and `--migrate` is simply run again. Both are session settings, so they hold for a
/// statement the migration runs outside its transaction too (<c>CREATE INDEX CONCURRENTLY</c>); a migration that needs
/// longer sets its own after them. The script <c>dotnet ef migrations script</c> writes carries them as well.
/// </summary>
// Npgsql's generator is extended as Npgsql documents it, through its constructor, which takes an options interface of
// an Internal namespace; the squawk test (every migration's SQL sets both timeouts) fails if an upgrade changes that.
#pragma warning disable EF1001
public sealed class TimeBoundMigrationsSqlGenerator(
    MigrationsSqlGeneratorDependencies dependencies,
    INpgsqlSingletonOptions npgsqlOptions
) : NpgsqlMigrationsSqlGenerator(dependencies, npgsqlOptions)
#pragma warning restore EF1001
{
    public const string LockTimeout = "5s";

    public const string StatementTimeout = "15min";

    public override IReadOnlyList<MigrationCommand> Generate(
        IReadOnlyList<MigrationOperation> operations,
        IModel? model = null,
        MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default
    ) =>
        operations.Count == 0
            ? base.Generate(operations, model, options)
            : base.Generate(
                [
                    new SqlOperation
                    {
                        Sql = $"SET lock_timeout = '{LockTimeout}';\nSET statement_timeout = '{StatementTimeout}';",
                    },
                    .. operations,
                ],
                model,
                options
            );
}

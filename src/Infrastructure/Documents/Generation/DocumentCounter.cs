using MakCrm.Application.Abstractions.Documents;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Documents.Generation;

/// <summary>The last number given in a series of an issuer in a year (<c>document_counters</c>).</summary>
internal sealed class DocumentCounter
{
    public Guid IssuerId { get; set; }

    public string Series { get; set; } = "";

    public int Year { get; set; }

    public long LastNumber { get; set; }
}

internal sealed class DocumentCounterConfiguration : IEntityTypeConfiguration<DocumentCounter>
{
    public void Configure(EntityTypeBuilder<DocumentCounter> builder)
    {
        builder.ToTable(
            "document_counters",
            t => t.HasCheckConstraint("ck_document_counters_last_number", "last_number > 0")
        );
        builder.HasKey(c => new
        {
            c.IssuerId,
            c.Series,
            c.Year,
        });
        builder.Property(c => c.Series).HasMaxLength(16);
    }
}

/// <summary>
/// One upsert that creates the row at 1 or adds one, returning the number: the row stays locked by the caller's
/// transaction, so parallel callers take numbers one after another, and a rolled-back transaction gives its number back
/// (a sequence would leave a gap). The holder renders its document before committing, so a caller may wait for several
/// renderings: the statement may wait up to <see cref="LockWait"/>, longer than the usual command timeout.
/// </summary>
internal sealed class DocumentCounters(MakCrmDbContext db) : IDocumentCounters
{
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(2);

    public async Task<long> NextAsync(Guid issuerId, string series, int year, CancellationToken cancellationToken)
    {
        var usual = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(LockWait);
        try
        {
            return (
                await db
                    .Database.SqlQuery<long>(
                        $"""
                        INSERT INTO document_counters (issuer_id, series, year, last_number) VALUES ({issuerId},
                            {series}, {year}, 1)
                        ON CONFLICT (issuer_id, series, year) DO UPDATE SET last_number = document_counters.last_number
                            + 1
                        RETURNING last_number AS "Value"
                        """
                    )
                    .ToListAsync(cancellationToken)
            ).Single();
        }
        finally
        {
            db.Database.SetCommandTimeout(usual);
        }
    }
}

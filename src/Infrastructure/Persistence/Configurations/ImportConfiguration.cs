using MakCrm.Domain.Imports;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Imports;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class ImportOperationConfiguration : IEntityTypeConfiguration<ImportOperation>
{
    public void Configure(EntityTypeBuilder<ImportOperation> builder)
    {
        builder.ToTable("import_operations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Kind).HasConversion(new SnakeCaseEnumConverter<ImportKind>()).HasMaxLength(32);
        builder.Property(o => o.Status).HasConversion(new SnakeCaseEnumConverter<ImportStatus>()).HasMaxLength(32);
        builder
            .Property(o => o.FileFormat)
            .HasConversion(new SnakeCaseEnumConverter<ImportFileFormat>())
            .HasMaxLength(16);
        builder.Property(o => o.FileName).HasMaxLength(ImportOperation.MaxFileNameLength).IsRequired();
        builder.Property(o => o.DefaultSource).HasMaxLength(Domain.Clients.ClientSource.MaxCodeLength);
        builder.Property(o => o.CreatedByClientId).HasMaxLength(100);
        builder.Property(o => o.Columns).HasColumnType("text[]").IsRequired();
        builder.Property(o => o.FailureCode).HasMaxLength(64);
        builder.Property(o => o.LeaseOwner).HasMaxLength(200);
        builder.ToTable(t =>
            t.HasCheckConstraint("ck_import_operations_rows_accounted", "rows_read = created + duplicates + rejected")
        );
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(o => o.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new
        {
            o.OrganizationId,
            o.CreatedAt,
            o.Id,
        });
        // The worker's claim: queued operations, and running ones whose lease has run out.
        builder
            .HasIndex(o => new { o.Status, o.CreatedAt })
            .HasFilter($"status IN ({EnumLiterals.List(ImportStatus.Queued, ImportStatus.Running)})");
    }
}

internal sealed class ImportFileChunkConfiguration : IEntityTypeConfiguration<ImportFileChunk>
{
    public void Configure(EntityTypeBuilder<ImportFileChunk> builder)
    {
        builder.ToTable("import_file_chunks");
        builder.HasKey(c => new { c.OperationId, c.Sequence });
        builder.Property(c => c.Data).IsRequired();
        builder.HasOne<ImportOperation>().WithMany().HasForeignKey(c => c.OperationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportRejectedRowConfiguration : IEntityTypeConfiguration<ImportRejectedRow>
{
    public void Configure(EntityTypeBuilder<ImportRejectedRow> builder)
    {
        builder.ToTable("import_rejected_rows");
        builder.HasKey(r => new { r.OperationId, r.RowNumber });
        builder.Property(r => r.Cells).HasColumnType("text[]").IsRequired();
        builder.Property(r => r.Reason).IsRequired();
        builder.HasOne<ImportOperation>().WithMany().HasForeignKey(r => r.OperationId).OnDelete(DeleteBehavior.Cascade);
    }
}

using System.Text.Json;
using MakCrm.Domain.Invoices;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable(
            "invoices",
            table =>
                table.HasCheckConstraint("ck_invoices_paid_within_total", "paid_amount >= 0 AND paid_amount <= total")
        );
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Number).HasMaxLength(Invoice.MaxNumberLength).IsRequired();
        builder.HasIndex(i => i.Number).IsUnique();
        builder.Property(i => i.Status).HasConversion(new SnakeCaseEnumConverter<InvoiceStatus>()).HasMaxLength(16);
        builder.Property(i => i.Total).HasPrecision(14, 2);
        builder.Property(i => i.VatAmount).HasPrecision(14, 2);
        builder.Property(i => i.PaidAmount).HasPrecision(14, 2);
        builder.Property(i => i.CancellationReason).HasMaxLength(Invoice.MaxReasonLength);
        builder.Ignore(i => i.AmountDue);

        // The lines are the invoice's frozen copy of what it charges: read and written with the invoice, never
        // queried on their own, so they are one jsonb document.
        builder
            .Property(i => i.Lines)
            .HasColumnType("jsonb")
            .HasConversion(
                lines => JsonSerializer.Serialize(lines, LineJson),
                json => JsonSerializer.Deserialize<List<InvoiceLine>>(json, LineJson) ?? new List<InvoiceLine>(),
                new ValueComparer<IReadOnlyList<InvoiceLine>>(
                    (a, b) => a!.SequenceEqual(b!),
                    l => l.Count,
                    l => l.ToList()
                )
            );

        builder.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.DocumentId).IsUnique();
        builder.HasIndex(i => new
        {
            i.OrganizationId,
            i.CreatedAt,
            i.Id,
        });
        builder.HasIndex(i => new { i.CreatedAt, i.Id });
        // The overdue worker's claim: the invoices still to pay, by due date.
        builder
            .HasIndex(i => new { i.DueOn, i.Id })
            .HasFilter($"status IN ({EnumLiterals.List(InvoiceStatus.Issued, InvoiceStatus.PartlyPaid)})");
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasQueryFilter(i => i.DeletedAt == null);
    }
}

using MakCrm.Domain.Invoices;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class CatalogueItemConfiguration : IEntityTypeConfiguration<CatalogueItem>
{
    public void Configure(EntityTypeBuilder<CatalogueItem> builder)
    {
        builder.ToTable("catalogue_items");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Name).HasMaxLength(CatalogueItem.MaxNameLength).IsRequired();
        builder.Property(e => e.Unit).HasMaxLength(CatalogueItem.MaxUnitLength).IsRequired();
        builder.Property(e => e.UnitPrice).HasPrecision(14, 2);
        builder.Property(e => e.VatRatePercent).HasPrecision(5, 2);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Ignore(e => e.Settings);
        builder.HasQueryFilter(e => e.DeletedAt == null);
        builder.HasIndex(e => new { e.Position, e.Id }).HasFilter("deleted_at IS NULL");
    }
}

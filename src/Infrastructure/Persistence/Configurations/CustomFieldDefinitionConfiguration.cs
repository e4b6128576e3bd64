using MakCrm.Domain.CustomFields;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class CustomFieldDefinitionConfiguration : IEntityTypeConfiguration<CustomFieldDefinition>
{
    public void Configure(EntityTypeBuilder<CustomFieldDefinition> builder)
    {
        builder.ToTable("custom_field_definitions");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Entity).HasConversion(new SnakeCaseEnumConverter<CustomFieldEntity>()).HasMaxLength(16);
        builder.Property(e => e.Key).HasMaxLength(CustomFieldDefinition.MaxKeyLength).IsRequired();
        builder.Property(e => e.Label).HasMaxLength(CustomFieldDefinition.MaxLabelLength).IsRequired();
        builder.Property(e => e.Type).HasConversion(new SnakeCaseEnumConverter<CustomFieldType>()).HasMaxLength(16);
        builder.Property(e => e.Options).HasColumnType("text[]").IsRequired();
        builder.Property(e => e.VisibleToRoles).HasColumnType("text[]").IsRequired();
        builder.Property(e => e.VisibleToKinds).HasColumnType("text[]").IsRequired();
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Ignore(e => e.Settings);
        builder.HasQueryFilter(e => e.DeletedAt == null);
        builder.HasIndex(e => new { e.Position, e.Id }).HasFilter("deleted_at IS NULL");
        // One field of a key per entity among those not deleted: a deleted field's key may be used again.
        builder.HasIndex(e => new { e.Entity, e.Key }).IsUnique().HasFilter("deleted_at IS NULL");
    }
}

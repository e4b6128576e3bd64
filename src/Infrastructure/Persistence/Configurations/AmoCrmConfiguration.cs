using MakCrm.Infrastructure.AmoCrm;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class AmoCrmRateSlotConfiguration : IEntityTypeConfiguration<AmoCrmRateSlotRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmRateSlotRow> builder)
    {
        builder.ToTable("amocrm_rate_slots");
        builder.HasKey(s => s.AccountId);
        builder.Property(s => s.AccountId).ValueGeneratedNever();
    }
}

internal sealed class AmoCrmConnectionConfiguration : IEntityTypeConfiguration<AmoCrmConnectionRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmConnectionRow> builder)
    {
        builder.ToTable("amocrm_connections");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.BaseUrl).HasMaxLength(500);
        builder.Property(c => c.AuthKind).HasMaxLength(20);
        builder.Property(c => c.State).HasMaxLength(20);
        builder.Property(c => c.StateReason).HasMaxLength(500);
        builder.Property(c => c.ClientId).HasMaxLength(200);
        builder.Property(c => c.RedirectUri).HasMaxLength(500);
        builder.HasIndex(c => c.AccountId);
    }
}

internal sealed class AmoCrmOAuthStateConfiguration : IEntityTypeConfiguration<AmoCrmOAuthStateRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmOAuthStateRow> builder)
    {
        builder.ToTable("amocrm_oauth_states");
        builder.HasKey(s => s.StateHash);
        builder.Property(s => s.StateHash).HasMaxLength(64);
        builder.Property(s => s.BaseUrl).HasMaxLength(500);
        builder.Property(s => s.ClientId).HasMaxLength(200);
        builder.Property(s => s.RedirectUri).HasMaxLength(500);
    }
}

internal sealed class AmoCrmMappingConfiguration : IEntityTypeConfiguration<AmoCrmMappingRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmMappingRow> builder)
    {
        builder.ToTable("amocrm_mappings");
        builder.HasKey(m => m.AccountId);
        builder.Property(m => m.AccountId).ValueGeneratedNever();
        builder.Property(m => m.Mapping).HasColumnType("jsonb");
    }
}

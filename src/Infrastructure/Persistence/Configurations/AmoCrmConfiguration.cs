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

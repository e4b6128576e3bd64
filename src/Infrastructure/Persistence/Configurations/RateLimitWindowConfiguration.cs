using MakCrm.Infrastructure.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class RateLimitWindowConfiguration : IEntityTypeConfiguration<RateLimitWindowRow>
{
    public void Configure(EntityTypeBuilder<RateLimitWindowRow> builder)
    {
        builder.ToTable("rate_limit_windows");
        builder.HasKey(w => w.Key);
        builder.Property(w => w.Key).ValueGeneratedNever();
    }
}

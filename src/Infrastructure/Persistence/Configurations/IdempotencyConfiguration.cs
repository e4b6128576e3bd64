using MakCrm.Infrastructure.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class IdempotencyConfiguration : IEntityTypeConfiguration<IdempotencyRequest>
{
    public void Configure(EntityTypeBuilder<IdempotencyRequest> builder)
    {
        builder.ToTable("idempotency_requests", t =>
        {
            t.HasCheckConstraint("ck_idempotency_requests_state", "state IN ('running', 'committed', 'completed')");
            t.HasCheckConstraint("ck_idempotency_requests_answer", "(state = 'completed') = (response_status IS NOT NULL)");
        });
        builder.HasKey(r => new { r.Scope, r.Key });
        builder.Property(r => r.Scope).HasMaxLength(64);
        builder.Property(r => r.Key).HasMaxLength(IdempotencyStore.MaxKeyLength);
        builder.Property(r => r.State).HasMaxLength(16);
        builder.Property(r => r.ResponseHeaders).HasColumnType("jsonb");
        builder.HasIndex(r => r.CreatedAt);
    }
}

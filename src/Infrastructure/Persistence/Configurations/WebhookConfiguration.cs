using MakCrm.Application.Webhooks;
using MakCrm.Domain.Webhooks;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrlLength);
        builder.Property(s => s.Description).HasMaxLength(WebhookSubscription.MaxDescriptionLength);
        builder.Property(s => s.ApiClientId).HasMaxLength(100);
        builder
            .Property(s => s.DisabledReason)
            .HasConversion(new SnakeCaseEnumConverter<WebhookDisabledReason>())
            .HasMaxLength(16);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.Settings);
        builder
            .HasOne<Domain.Organizations.Organization>()
            .WithMany()
            .HasForeignKey(s => s.OrganizationId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.OrganizationId, s.CreatedAt });
        builder.HasQueryFilter(s => s.DeletedAt == null);
    }
}

internal sealed class WebhookSecretConfiguration : IEntityTypeConfiguration<WebhookSecretRow>
{
    public void Configure(EntityTypeBuilder<WebhookSecretRow> builder)
    {
        builder.ToTable("webhook_secrets");
        builder.HasKey(s => s.Id);
        builder
            .HasOne<WebhookSubscription>()
            .WithMany()
            .HasForeignKey(s => s.SubscriptionId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.SubscriptionId);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDeliveryRow>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryRow> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.MessageId).HasMaxLength(64);
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder
            .HasOne<WebhookSubscription>()
            .WithMany()
            .HasForeignKey(d => d.SubscriptionId)
            .OnDelete(DeleteBehavior.Cascade);
        // Fan-out makes one delivery per subscription and event, however often it runs.
        builder.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
        // The workers' queue: what is still to be sent, by when.
        builder
            .HasIndex(d => d.NextAttemptAt)
            .HasDatabaseName("ix_webhook_deliveries_due")
            .HasFilter($"status = {EnumLiterals.Of(Contracts.WebhookDeliveryStatus.Pending)}");
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttemptRow>
{
    public void Configure(EntityTypeBuilder<WebhookAttemptRow> builder)
    {
        builder.ToTable("webhook_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Trigger).HasMaxLength(16);
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder
            .HasOne<WebhookDeliveryRow>()
            .WithMany()
            .HasForeignKey(a => a.DeliveryId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DeliveryId, a.AttemptedAt });
    }
}

internal sealed class WebhookCursorConfiguration : IEntityTypeConfiguration<WebhookCursorRow>
{
    public void Configure(EntityTypeBuilder<WebhookCursorRow> builder)
    {
        builder.ToTable("webhook_cursor");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasData(new { Id = 1, LastSequence = 0L });
    }
}

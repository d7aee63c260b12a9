using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class ChangeEventConfiguration : IEntityTypeConfiguration<ChangeEvent>
{
    public void Configure(EntityTypeBuilder<ChangeEvent> builder)
    {
        builder.ToTable("change_events");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).UseIdentityAlwaysColumn();
        builder.HasIndex(e => e.Id).IsUnique();
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Data).HasColumnType("jsonb");
        builder.HasIndex(e => new { e.ArticleId, e.Sequence });
        builder.HasIndex(e => e.CreatedAt);
        builder.HasIndex(e => e.Position).IsUnique();
        builder.HasIndex(e => e.Sequence).HasFilter("position IS NULL").HasDatabaseName("ix_change_events_unplaced");
    }
}

sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.Property(s => s.Url).HasMaxLength(2048);
        builder.Property(s => s.Description).HasMaxLength(500);
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.Property(s => s.DisabledReason).HasMaxLength(2000);
        builder.Property(s => s.CreatedBy).HasMaxLength(100);
    }
}

sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.Property(d => d.Status).HasConversion<SnakeCaseEnumConverter<DeliveryStatus>>().HasMaxLength(32);
        builder.HasOne(d => d.Subscription).WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Event).WithMany().HasForeignKey(d => d.EventSequence).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        // The worker's two questions: what is due, and is an earlier delivery of the same key still pending.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SubscriptionId, d.OrderingKey, d.EventSequence });
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
    }
}

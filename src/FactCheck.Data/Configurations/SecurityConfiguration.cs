using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.Property(k => k.Hash).HasMaxLength(32);
        builder.Property(k => k.CreatedBy).HasMaxLength(100);
        builder.Property(k => k.RevokedBy).HasMaxLength(100);
        builder.HasIndex(k => k.CreatedAt);
    }
}

sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Actor).HasMaxLength(100);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.EntityType).HasMaxLength(32);
        builder.Property(e => e.Details).HasColumnType("jsonb");
        builder.Property(e => e.TraceId).HasMaxLength(64);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.EntityType, e.EntityId });
        builder.HasIndex(e => new { e.Actor, e.At });
    }
}

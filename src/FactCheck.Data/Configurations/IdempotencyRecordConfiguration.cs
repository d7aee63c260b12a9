using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => new { r.Scope, r.Key });
        builder.Property(r => r.Key).HasMaxLength(200);
        builder.Property(r => r.Scope).HasMaxLength(200);
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.Location).HasMaxLength(500);
        // text, not jsonb: a replay must return the first response byte for byte.
        builder.HasIndex(r => r.CreatedAt);
        // Deleting the article forgets the key, so a retry after a delete creates the article again.
        builder.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

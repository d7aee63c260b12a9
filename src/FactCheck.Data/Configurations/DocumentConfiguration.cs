using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("documents");
        builder.Property(d => d.NormalizedUrl).HasMaxLength(2048);
        builder.Property(d => d.Url).HasMaxLength(2048);
        builder.Property(d => d.FinalUrl).HasMaxLength(2048);
        builder.Property(d => d.ContentType).HasMaxLength(200);
        builder.Property(d => d.ETag).HasMaxLength(500);
        builder.Property(d => d.LastModified).HasMaxLength(100);
        builder.Property(d => d.ContentHash).HasMaxLength(64).IsFixedLength();
        builder.Property(d => d.Title).HasMaxLength(1000);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.HasIndex(d => d.NormalizedUrl).IsUnique().HasFilter("normalized_url IS NOT NULL");
        // The fetch queue: due rows by next_attempt_at, only those still waiting.
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("status IN ('pending', 'fetching')").HasDatabaseName("ix_documents_due");
        builder.HasIndex(d => d.RequestedBy).HasFilter("status IN ('pending', 'fetching')").HasDatabaseName("ix_documents_pending_by_key");
        builder.HasMany(d => d.Passages).WithOne(p => p.Document).HasForeignKey(p => p.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class ArticleSourceConfiguration : IEntityTypeConfiguration<ArticleSource>
{
    public void Configure(EntityTypeBuilder<ArticleSource> builder)
    {
        builder.ToTable("article_sources");
        builder.Property(s => s.Label).HaveLength(100);
        builder.Property(s => s.Url).HasMaxLength(2048);
        builder.Property(s => s.Title).HasMaxLength(500);
        builder.HasIndex(s => new { s.ArticleId, s.Label }).IsUnique();
        builder.HasIndex(s => new { s.ArticleId, s.Ordinal }).IsUnique();
        builder.HasIndex(s => s.DocumentId);
        // A document outlives the articles citing it; it is never deleted while cited.
        builder.HasOne(s => s.Document).WithMany().HasForeignKey(s => s.DocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

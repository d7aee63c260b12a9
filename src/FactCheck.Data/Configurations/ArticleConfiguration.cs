using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.ToTable("articles");
        builder.Property(a => a.Title).HaveLength(500);
        builder.Property(a => a.Url).HasMaxLength(2048);
        builder.Property(a => a.Publisher).HasMaxLength(200);
        builder.Property(a => a.Language).HasMaxLength(35);
        builder.Property(a => a.ContentHash).HasMaxLength(64).IsFixedLength();
        // Newest-first listing pages on (created_at, id); filters narrow it by status and publisher.
        builder.HasIndex(a => new { a.CreatedAt, a.Id }).IsDescending();
        builder.HasIndex(a => new { a.Status, a.CreatedAt });
        builder.HasIndex(a => new { a.Publisher, a.CreatedAt });
        builder.HasIndex(a => a.PublishedAt);
        builder.HasIndex(a => a.ContentHash);
        builder.Property(a => a.SubmittedBy).HasMaxLength(100);
        // The verification queue: articles whose sources are all final.
        builder.HasIndex(a => a.VerificationLeaseUntil).HasFilter("status = 'verifying'").HasDatabaseName("ix_articles_verification_due");
        builder.HasMany(a => a.Sources).WithOne(s => s.Article).HasForeignKey(s => s.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Claims).WithOne(c => c.Article).HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

static class PropertyBuilderExtensions
{
    public static PropertyBuilder<string> HaveLength(this PropertyBuilder<string> property, int max) =>
        property.HasMaxLength(max).IsRequired();
}

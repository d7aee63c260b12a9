using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class ClaimReviewConfiguration : IEntityTypeConfiguration<ClaimReviewRecord>
{
    public void Configure(EntityTypeBuilder<ClaimReviewRecord> builder)
    {
        builder.ToTable("claim_reviews");
        builder.HasKey(r => r.ClaimId);
        builder.Property(r => r.ReviewUrl).HasMaxLength(2048);
        builder.HasIndex(r => r.ReviewUrl).IsUnique();
        builder.Property(r => r.Rating).HasMaxLength(200);
        builder.Property(r => r.Author).HasMaxLength(200);
        builder.Property(r => r.Headline).HasMaxLength(1000);
    }
}

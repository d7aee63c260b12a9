using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class ClaimCitationConfiguration : IEntityTypeConfiguration<ClaimCitation>
{
    public void Configure(EntityTypeBuilder<ClaimCitation> builder)
    {
        builder.ToTable("claim_citations");
        builder.HasIndex(c => new { c.ClaimId, c.ArticleSourceId }).IsUnique();
        builder.HasIndex(c => c.ArticleSourceId);
        builder.Property(c => c.Flag).HasMaxLength(200);
        builder.HasOne(c => c.ArticleSource).WithMany().HasForeignKey(c => c.ArticleSourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

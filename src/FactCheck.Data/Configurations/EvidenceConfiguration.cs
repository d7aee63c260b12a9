using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class EvidenceConfiguration : IEntityTypeConfiguration<Evidence>
{
    public void Configure(EntityTypeBuilder<Evidence> builder)
    {
        builder.ToTable("evidence");
        builder.HasIndex(e => new { e.ClaimId, e.Score });
        builder.HasIndex(e => e.PassageId);
        builder.HasOne(e => e.Passage).WithMany().HasForeignKey(e => e.PassageId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class VerdictConfiguration : IEntityTypeConfiguration<Verdict>
{
    public void Configure(EntityTypeBuilder<Verdict> builder)
    {
        builder.ToTable("verdicts");
        builder.Property(v => v.Label).HasMaxLength(64);
        builder.Property(v => v.EngineVersion).HasMaxLength(64);
        builder.Property(v => v.Reviewer).HasMaxLength(200);
        builder.Property(v => v.Rationale).HasMaxLength(10_000);
        // History per claim, newest first: the current verdict is the head of one of these.
        builder.HasIndex(v => new { v.ClaimId, v.Kind, v.CreatedAt });
    }
}

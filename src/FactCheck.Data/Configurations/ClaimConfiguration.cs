using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    public void Configure(EntityTypeBuilder<Claim> builder)
    {
        builder.ToTable("claims", t => t.HasCheckConstraint("ck_claims_span", "start >= 0 AND \"end\" > start"));
        builder.Property(c => c.Type).HasMaxLength(32);
        builder.Property(c => c.Speaker).HasMaxLength(200);
        builder.Property(c => c.Entities).HasColumnType("jsonb");
        builder.Property(c => c.Numbers).HasColumnType("jsonb");
        builder.HasIndex(c => new { c.ArticleId, c.Ordinal }).IsUnique();
        builder.HasIndex(c => c.Type);
        builder.HasIndex(c => c.WorkflowStatus);
        builder.Property(c => c.CurrentVerdict).HasMaxLength(64);
        builder.Property(c => c.Context).HasMaxLength(1000);
        builder.HasIndex(c => new { c.CurrentVerdict, c.CreatedAt });
        builder.HasIndex(c => new { c.CreatedAt, c.Id }).IsDescending();
        builder.HasIndex(c => c.PreviousMatchId);
        builder.HasOne(c => c.PreviousMatch).WithMany().HasForeignKey(c => c.PreviousMatchId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(c => c.Review).WithOne().HasForeignKey<ClaimReviewRecord>(r => r.ClaimId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.WorkflowStatus).HasDefaultValue(WorkflowStatus.Unreviewed).HasSentinel((WorkflowStatus)(-1));
        builder.Property(c => c.Version).HasDefaultValue(1);
        builder.HasMany(c => c.Citations).WithOne(x => x.Claim).HasForeignKey(x => x.ClaimId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Evidence).WithOne(x => x.Claim).HasForeignKey(x => x.ClaimId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Verdicts).WithOne(x => x.Claim).HasForeignKey(x => x.ClaimId).OnDelete(DeleteBehavior.Cascade);
    }
}

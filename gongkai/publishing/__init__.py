"""主动公开: columns of the 政府信息公开 platform, publications under 保密审查, the register of
normative documents, and the Article 20 figures that feed Table 二."""

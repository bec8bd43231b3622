-- The refresh queue grows from empty to 100,000 rows within a minute under load and drains again, so the default
-- analyze trigger (10 % of the rows at the last analyze) leaves the planner believing it is empty. Analyze it after
-- every few thousand changes instead (cheap: the table is narrow), and vacuum it as often, so the lease's scan from
-- the oldest mark does not wade through the versions the refresher deleted.
alter table assessment_dirty set (autovacuum_analyze_threshold = 2000, autovacuum_analyze_scale_factor = 0.02,
                                  autovacuum_vacuum_threshold = 2000, autovacuum_vacuum_scale_factor = 0.02);

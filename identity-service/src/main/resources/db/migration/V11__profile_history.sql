-- Issue 30: the education and employment entries of a profile snapshot (organisation and months, as JSON), so that
-- ID-05 can compare what a worker's sources say about their history over time.
alter table profile add column history text;

-- Small indexes for what every feed document asks besides its items: the withdrawn items it carries as
-- tombstones, and the next embargo to end. Without them both questions read every item of the section.

CREATE INDEX items_embargoed ON items (embargo) WHERE embargo IS NOT NULL;
CREATE INDEX items_withdrawn ON items (version_created DESC, id DESC) WHERE status = 'canceled';

--liquibase formatted sql

--changeset watchkeeper:evaluator-4
-- binding state is saved in a compact layout (format 2); state saved by earlier builds cannot be read and is
-- dropped: those bindings start again from the checkpoint's offset with empty windows (pre-release)
DELETE FROM binding_state;

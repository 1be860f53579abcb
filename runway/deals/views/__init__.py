"""Deal pages (`deals`), the venture's data room (`data_room`) and permission-checked file
delivery (`files`). Anything the actor may not see answers 404."""

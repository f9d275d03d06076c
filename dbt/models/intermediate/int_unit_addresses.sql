-- 报送邮箱 → unit (addresses compared case-insensitively after NFKC). An address two units claim is left unresolved.
with addresses as (
    select unit_name, {{ address_key('address') }} as address_key
    from (select unit_name, unnest({{ split_list('emails') }}) as address from {{ ref('int_unit_versions') }}) as a
)

select address_key, min(unit_name) as unit_name
from addresses
where address_key is not null
group by address_key
having count(distinct unit_name) = 1
